/**
 * Runs the pinned dynalite (an open-source DynamoDB on Node.js) for the demo and the tests:
 * {@link dev.coffer.dynalite.Dynalite}.
 */
package dev.coffer.dynalite;
