// Replaced by the msmla command line.
return 0;
