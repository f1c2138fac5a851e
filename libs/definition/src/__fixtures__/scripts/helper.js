// Stub helper script carried by the files fixture.
module.exports.default = (context) => context.input;
