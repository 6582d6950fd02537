// Marks the built CLI executable. npm does this when it installs a package, but the jsii runtime
// unpacks the tarball as it is and runs the bin directly (Python's `cdktf-cluster-groups`).
require('fs').chmodSync(require('path').join(__dirname, '..', 'lib', 'cli', 'main.js'), 0o755);
