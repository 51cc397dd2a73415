/** The differential fuzzer: generates random {@code @Async} programs and checks them against their synchronous twins. */
package dev.jawait.fuzzer;
