/**
 * DynamoDB JSON, the typed JSON of {@code aws dynamodb get-item} and of table exports, to and from
 * the AWS SDK v2 item model: {@link dev.coffer.json.DynamoDbJson}. One strict codec for every Coffer
 * tool (the CLI, the Spark jobs) and for the tests; errors are
 * {@link dev.coffer.json.DynamoDbJsonException}s that say where and why, never what a value held.
 */
package dev.coffer.json;
