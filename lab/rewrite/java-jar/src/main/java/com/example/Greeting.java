package com.example;

final class Greeting {
    private Greeting() {}

    static String text() {
        return "Hello from Java " + Runtime.version().feature() + "!";
    }
}
