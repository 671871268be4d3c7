// Builds the kit for the course notebooks: the notebooks' own build step, shared (notebooks/support/build.csx).
// `correctnet course release` rewrites the path below for the folder it writes to.
#load "../../notebooks/support/build.csx"
