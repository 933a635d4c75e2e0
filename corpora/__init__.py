"""Generated test corpora shared by tests/, bench/ and tools/: builders, the labelled set, the evaluation
archive, the methods archive of the overview measure, the synthetic archives of the scale benchmarks,
hostile files. Not part of the installed package."""
