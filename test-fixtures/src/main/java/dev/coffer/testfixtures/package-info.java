/**
 * Test support shared by every module: {@link dev.coffer.testfixtures.TestDynamo} (dynalite on
 * loopback), {@link dev.coffer.testfixtures.FakeTicker} (time tests move by hand). Test scope only.
 */
package dev.coffer.testfixtures;
