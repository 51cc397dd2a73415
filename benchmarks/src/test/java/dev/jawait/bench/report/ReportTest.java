package dev.jawait.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads JMH's CSV, divides per operation, takes medians and judges the targets. */
class ReportTest {
    private static final String CSV = String.join("\n",
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: tasks\"",
            // PingPong: 1,000 round trips per invocation
            "\"dev.jawait.bench.PingPong.handwritten\",\"sample\",1,100,30000,1000,\"ns/op\",",
            "\"dev.jawait.bench.PingPong.handwritten:p0.50\",\"sample\",1,1,20000,NaN,\"ns/op\",",
            "\"dev.jawait.bench.PingPong.localExecutor\",\"sample\",1,100,90000,1000,\"ns/op\",",
            "\"dev.jawait.bench.PingPong.localExecutor:gc.alloc.rate.norm\",\"sample\",1,3,400,1,\"B/op\",",
            "\"dev.jawait.bench.PingPong.localExecutor:p0.50\",\"sample\",1,1,50000,NaN,\"ns/op\",",
            // Skynet: one tree per operation; the target's reference is the hand-written Future row
            "\"dev.jawait.bench.Skynet.handwritten\",\"sample\",1,100,12,1,\"ms/op\",1000000",
            "\"dev.jawait.bench.Skynet.handwritten:p0.50\",\"sample\",1,1,12,NaN,\"ms/op\",1000000",
            "\"dev.jawait.bench.Skynet.handwrittenFuture\",\"sample\",1,100,30,1,\"ms/op\",1000000",
            "\"dev.jawait.bench.Skynet.handwrittenFuture:p0.50\",\"sample\",1,1,30,NaN,\"ms/op\",1000000",
            "\"dev.jawait.bench.Skynet.localExecutor\",\"sample\",1,100,48,1,\"ms/op\",1000000",
            "\"dev.jawait.bench.Skynet.localExecutor:p0.50\",\"sample\",1,1,48,NaN,\"ms/op\",1000000",
            // RetainedHeap: the counter is summed over 3 iterations
            "\"dev.jawait.bench.RetainedHeap.localExecutor\",\"ss\",1,3,40,10,\"ms/op\",100000",
            "\"dev.jawait.bench.RetainedHeap.localExecutor:bytesPerTask\",\"ss\",1,3,360,NaN,\"#\",100000",
            "");

    @Test
    void valuesArePerOperationMediansAndCountersPerIteration(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, CSV);
        Results results = Results.read(csv);

        assertEquals(20.0, Report.value(results, Report.scenario("PingPong"), "handwritten"));
        assertEquals(50.0, Report.value(results, Report.scenario("PingPong"), "localExecutor"));
        assertEquals(120.0, Report.value(results, Report.scenario("RetainedHeap"), "localExecutor"));

        String md = Report.render(results);
        assertTrue(md.contains("| jawait LocalExecutor (task ID) | 50.0 | 90.0 ± 1.00 | 0.400 | 2.50× |"), md);
        assertTrue(md.contains("| ping-pong ≤ 60 ns per round trip | jawait LocalExecutor (task ID) | 50.0 ns | yes |"), md);
        assertTrue(md.contains("| ≤ 100 bytes retained per suspended task | jawait LocalExecutor (task ID) | 120 B | **no** |"), md);
        assertTrue(md.contains("| skynet within 2× of the hand-written machine | jawait LocalExecutor (task ID)"
                + " | 1.60× hand-written machine as a Future"), md);
        assertTrue(md.contains("| skynet within 2× of the floor (no Future, Poll or handle objects) | jawait LocalExecutor"
                + " (task ID) | 4.00× hand-written machine (floor) | **no** |"), md);
        assertTrue(md.contains("| skynet within 2× of the hand-written machine | jawait WorkStealingExecutor"), md);
        assertTrue(md.contains("not measured in this run"), md);
    }
}
