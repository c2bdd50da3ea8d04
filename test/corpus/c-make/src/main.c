#include <stdio.h>

const char *version_banner(void);

int main(int argc, char **argv) {
  printf("greet: hello, %s\n", argc > 1 ? argv[1] : "world");
  printf("%s\n", version_banner());
  return 0;
}
