// Replaced by the Training benchmark program.
return 0;
