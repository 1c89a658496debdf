// Declarations only: LLVMFuzzerRunDriver is defined in libFuzzer (see include/CFuzzerDriver.h).
#include "CFuzzerDriver.h"
