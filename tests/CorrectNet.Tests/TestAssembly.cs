// Module constructors draw from torch's global generator, and several tests seed it: tests run one at a time so no
// test can move another's random stream. The whole suite still runs in seconds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
