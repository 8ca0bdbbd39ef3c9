/** Decrypting, encrypting and re-encrypting DynamoDB exports with Apache Spark. */
package dev.coffer.spark;
