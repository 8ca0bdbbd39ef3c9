/** The re-encryptor's plumbing: checkpoint file, rate limiter, write conditions. Not API. */
package dev.coffer.reencrypt.internal;
