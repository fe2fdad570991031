#ifndef STATECRAFT_FUZZ_DRIVER_H
#define STATECRAFT_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have a main of their own (compiler-rt's FuzzerDriver.cpp).
/// SwiftPM links every executable with its main renamed to `<Target>_main`, so each target defines
/// that function and hands over to libFuzzer here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
