/**
 * The {@code coffer} command line tool (demo, keygen, encrypt, decrypt, inspect). Not a library
 * API; see docs/cli.md.
 */
package dev.coffer.cli;
