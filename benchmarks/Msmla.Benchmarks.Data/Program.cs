// Replaced by the Data benchmark program.
return 0;
