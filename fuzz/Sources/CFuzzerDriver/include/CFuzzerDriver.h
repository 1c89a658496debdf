#ifndef C_FUZZER_DRIVER_H
#define C_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM links Linux executables with
/// `main` aliased to `<Module>_main`, so each fuzz target defines that symbol and hands over to this driver,
/// which then behaves exactly like libFuzzer's own `main` (same command-line options).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
