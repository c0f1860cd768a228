#include <stdio.h>
int main(void) { puts("hello from the lab"); return 0; }
