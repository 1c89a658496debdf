contract C { function f() { x = 2**2**2**2**2**2**2**2**2**2**2**2; for(;;){for(;;){for(;;){if(a){msg.sender.call.value(1)();}}}} } }
