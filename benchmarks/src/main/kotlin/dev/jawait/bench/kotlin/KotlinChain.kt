package dev.jawait.bench.kotlin

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * The Kotlin row of the await-chain scenario: the same workload as the Java rows, written as
 * suspend functions. Each step really suspends (`yield()` goes back through `runBlocking`'s
 * single-thread event loop) and then produces its index; the chain sums them.
 */
object KotlinChain {
    /** Runs a chain of [steps] suspending steps on the calling thread and returns their sum. */
    @JvmStatic
    fun run(steps: Int): Long = runBlocking { chain(steps) }

    /**
     * The same chain on `Dispatchers.Default`, the dispatcher most Kotlin server code runs on (a
     * work-stealing pool sized to the cores): each `yield()` goes back through its scheduler. The
     * calling thread only waits for the result.
     */
    @JvmStatic
    fun runOnDefault(steps: Int): Long = runBlocking { withContext(Dispatchers.Default) { chain(steps) } }

    private suspend fun chain(steps: Int): Long {
        var sum = 0L
        for (i in 0 until steps) {
            sum += step(i)
        }
        return sum
    }

    private suspend fun step(i: Int): Long {
        yield()
        return i.toLong()
    }
}

/**
 * The Kotlin row of the await-ready scenario: [steps] calls of a suspend function that returns
 * without suspending, summed, inside one coroutine.
 */
object KotlinReady {
    /** Runs the loop on the calling thread and returns the sum of `0 until steps`. */
    @JvmStatic
    fun run(steps: Int): Long = runBlocking { loop(steps) }

    private suspend fun loop(steps: Int): Long {
        var sum = 0L
        for (i in 0 until steps) {
            sum += ready(i)
        }
        return sum
    }

    @Suppress("RedundantSuspendModifier")
    private suspend fun ready(i: Int): Long = i.toLong()
}
