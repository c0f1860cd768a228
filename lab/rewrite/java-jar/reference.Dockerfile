# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /app
COPY . .
RUN mkdir -p build/classes \
    && javac -d build/classes $(find src/main/java -name '*.java') \
    && jar --create --file app.jar --main-class com.example.App -C build/classes .

# A JRE runs the jar. git and unzip may be used at run time: kept, without Recommends.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends git unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/app.jar app.jar
EXPOSE 8080
CMD ["java", "-jar", "app.jar"]
