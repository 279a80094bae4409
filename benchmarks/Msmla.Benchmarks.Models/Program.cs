// Replaced by the Models benchmark program.
return 0;
