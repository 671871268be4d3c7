// Loads the kit as the notebooks do (notebooks/support/kit.csx), then what the course adds: the check helpers and
// a small data set and model. `correctnet course release` rewrites the shared path below for the folder it writes to.
#load "../../notebooks/support/kit.csx"
#load "checks.csx"
#load "models.csx"
