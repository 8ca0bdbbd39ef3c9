// Preloaded with `node --require` before dynalite's cli.js by dev.coffer.dynalite.Dynalite: the
// server ends when the Java process that started it goes away (its standard input, a pipe from that
// process, closes), so a test JVM that is killed leaves no server behind.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
