/* The build time in the banner is what many projects print with --version. */
const char *version_banner(void) {
  return "greet 1.0, built " __DATE__ " " __TIME__;
}
