package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.combinator.Combinators;
import dev.jawait.events.TestSupport.ManualTask;
import dev.jawait.executor.LocalExecutor;
import dev.jawait.executor.WorkStealingExecutor;
import dev.jawait.task.JoinHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FlowReceiver}: a {@link Flow.Publisher}'s items received by tasks, with back-pressure. */
class FlowReceiverTest {
    private final ExecutorService publisherThreads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() throws InterruptedException {
        publisherThreads.shutdownNow();
        assertTrue(publisherThreads.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(20)
    void itemsOfASubmissionPublisherArriveInOrderAndTheEndIsAClosedChannel() throws Exception {
        int n = 10_000;
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(publisherThreads, 16);
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 8);
        Thread producer = produce(publisher, n);
        List<Integer> got = LocalExecutor.create().blockOn(new ReceiveAll<>(receiver));
        producer.join(10_000);
        assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toList()), got);
        ChannelClosedException end = assertThrows(ChannelClosedException.class, receiver::tryReceive);
        assertTrue(end.getMessage().contains("completed"), end.getMessage());
    }

    @Test
    void itRequestsPrefetchThenAsManyAsWereReceivedAfterThreeQuartersOfABatch() {
        ManualPublisher<String> publisher = new ManualPublisher<>();
        FlowReceiver<String> receiver = FlowReceiver.subscribe(publisher, 8);
        assertEquals(List.of(8L), publisher.requests);
        for (int i = 0; i < 8; i++) {
            publisher.subscriber.onNext("item" + i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("item" + i, receiver.tryReceive());
        }
        assertEquals(List.of(8L), publisher.requests, "five of eight received: no request yet");
        assertEquals("item5", receiver.tryReceive());
        assertEquals(List.of(8L, 6L), publisher.requests, "six received: six more");
        assertEquals(8, publisher.requested() - 6, "never more than prefetch outstanding");
    }

    @Test
    void aPublisherThatSendsInsideRequestIsWithinItsDemand() {
        // Like Reactor's Flux.range: request(n) sends up to n items before it returns.
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(new SynchronousRange(100), 4);
        List<Integer> got = new ArrayList<>();
        for (;;) {
            Integer item;
            try {
                item = receiver.tryReceive();
            } catch (ChannelClosedException end) {
                break;
            }
            assertTrue(item != null, "a synchronous publisher has the next item ready");
            got.add(item);
        }
        assertEquals(IntStream.range(0, 100).boxed().collect(Collectors.toList()), got);
    }

    @Test
    void aFailureEndsTheStreamAfterTheItemsSentBeforeIt() {
        ManualPublisher<Integer> publisher = new ManualPublisher<>();
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 4);
        IOException boom = new IOException("upstream");
        publisher.subscriber.onNext(1);
        publisher.subscriber.onNext(2);
        publisher.subscriber.onError(boom);
        assertEquals(1, receiver.tryReceive());
        ManualTask<Integer> task = new ManualTask<>(receiver.receive());
        assertTrue(task.poll());
        assertEquals(2, task.value());
        assertSame(boom, assertThrows(IOException.class, receiver::tryReceive));
        assertSame(boom, new ManualTask<>(receiver.receive()).pollFailure(), "the same failure every time");
    }

    @Test
    void closeCancelsTheSubscriptionFailsAWaitingReceiveAndDropsLaterItems() {
        ManualPublisher<Integer> publisher = new ManualPublisher<>();
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 4);
        ManualTask<Integer> waiting = new ManualTask<>(receiver.receive());
        assertFalse(waiting.poll());
        receiver.close();
        assertEquals(1, publisher.cancels.get());
        assertTrue(waiting.woken());
        Throwable failure = waiting.pollFailure();
        assertInstanceOf(ChannelClosedException.class, failure);
        assertEquals("FlowReceiver closed", failure.getMessage());
        publisher.subscriber.onNext(7); // in flight when the cancel arrived: dropped, no exception
        assertThrows(ChannelClosedException.class, receiver::tryReceive);
        receiver.close();
        assertEquals(1, publisher.cancels.get(), "idempotent");
    }

    @Test
    void closedBeforeTheSubscriptionArrivesItCancelsItAndRequestsNothing() {
        ManualPublisher<Integer> publisher = new ManualPublisher<>();
        publisher.deferSubscription = true;
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 4);
        receiver.close();
        publisher.deliverSubscription();
        assertEquals(1, publisher.cancels.get());
        assertEquals(List.of(), publisher.requests);
    }

    @Test
    void morePublishedThanRequestedFailsTheStreamAndCancels() {
        ManualPublisher<String> publisher = new ManualPublisher<>();
        FlowReceiver<String> receiver = FlowReceiver.subscribe(publisher, 2);
        publisher.subscriber.onNext("a");
        publisher.subscriber.onNext("b");
        publisher.subscriber.onNext("c"); // only two were requested
        assertEquals(1, publisher.cancels.get());
        assertEquals("a", receiver.tryReceive());
        assertEquals("b", receiver.tryReceive());
        IllegalStateException broken = assertThrows(IllegalStateException.class, receiver::tryReceive);
        assertTrue(broken.getMessage().contains("more items than were requested"), broken.getMessage());
    }

    @Test
    void aSecondSubscriptionIsCancelledAndANullItemIsRefused() {
        ManualPublisher<String> publisher = new ManualPublisher<>();
        FlowReceiver<String> receiver = FlowReceiver.subscribe(publisher, 2);
        ManualPublisher<String> other = new ManualPublisher<>();
        publisher.subscriber.onSubscribe(other.new RecordingSubscription());
        assertEquals(1, other.cancels.get());
        assertEquals(0, publisher.cancels.get());
        assertThrows(NullPointerException.class, () -> publisher.subscriber.onNext(null));
        assertNull(receiver.tryReceive());
    }

    @Test
    @Timeout(30)
    void consumersOnSeveralThreadsReceiveEveryItemOnceAndTheSubscriptionIsSignalledSerially()
            throws Exception {
        int n = 20_000;
        SubmissionPublisher<Integer> source = new SubmissionPublisher<>(publisherThreads, 32);
        SerialCheckingPublisher<Integer> publisher = new SerialCheckingPublisher<>(source);
        FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 16);
        Thread producer = produce(source, n);
        List<List<Integer>> parts;
        try (WorkStealingExecutor pool = WorkStealingExecutor.create(2)) {
            List<JoinHandle<List<Integer>>> consumers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                consumers.add(pool.spawn(new ReceiveAll<>(receiver)));
            }
            parts = pool.blockOn(Combinators.joinAll(consumers));
        }
        producer.join(10_000);
        List<Integer> all = new ArrayList<>();
        parts.forEach(all::addAll);
        Collections.sort(all);
        assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toList()), all);
        assertEquals(0, publisher.overlaps.get(), "request/cancel called concurrently");
        assertTrue(publisher.signals.get() > 1, "replenished along the way");
    }

    /** Starts a thread that submits {@code 0 .. n-1} and closes the publisher. */
    private static Thread produce(SubmissionPublisher<Integer> publisher, int n) {
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                publisher.submit(i); // blocks while the subscriber's buffer is full: back-pressure
            }
            publisher.close();
        }, "producer");
        producer.setDaemon(true); // blocked in submit if the test fails: must not hold the JVM
        producer.start();
        return producer;
    }

    /** A publisher driven by the test: it records requests and cancels. */
    private static final class ManualPublisher<T> implements Flow.Publisher<T> {
        Flow.Subscriber<? super T> subscriber;
        final List<Long> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger cancels = new AtomicInteger();
        boolean deferSubscription;

        @Override
        public void subscribe(Flow.Subscriber<? super T> s) {
            subscriber = s;
            if (!deferSubscription) {
                deliverSubscription();
            }
        }

        void deliverSubscription() {
            subscriber.onSubscribe(new RecordingSubscription());
        }

        long requested() {
            return requests.stream().mapToLong(Long::longValue).sum();
        }

        final class RecordingSubscription implements Flow.Subscription {
            @Override
            public void request(long n) {
                requests.add(n);
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        }
    }

    /** Sends {@code 0 .. count-1} from inside {@code request}, then completes. */
    private static final class SynchronousRange implements Flow.Publisher<Integer> {
        private final int count;

        SynchronousRange(int count) {
            this.count = count;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            s.onSubscribe(new Flow.Subscription() {
                private int next;
                private boolean done;

                @Override
                public void request(long n) {
                    for (long i = 0; i < n && next < count; i++) {
                        s.onNext(next++);
                    }
                    if (next == count && !done) {
                        done = true;
                        s.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    /** Passes a publisher through, counting calls on its subscription that overlap in time. */
    private static final class SerialCheckingPublisher<T> implements Flow.Publisher<T> {
        private final Flow.Publisher<T> source;
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger signals = new AtomicInteger();
        private final AtomicInteger inside = new AtomicInteger();

        SerialCheckingPublisher(Flow.Publisher<T> source) {
            this.source = source;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super T> s) {
            source.subscribe(new Flow.Subscriber<T>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    s.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            checked(() -> subscription.request(n));
                        }

                        @Override
                        public void cancel() {
                            checked(subscription::cancel);
                        }
                    });
                }

                @Override
                public void onNext(T item) {
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                }
            });
        }

        private void checked(Runnable signal) {
            signals.incrementAndGet();
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.yield(); // widen the window a concurrent call would need
                signal.run();
            } finally {
                inside.decrementAndGet();
            }
        }
    }
}
