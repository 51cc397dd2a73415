package dev.jawait.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.executor.ExecutorSpawner;
import dev.jawait.events.TestSupport.ManualExecutor;
import dev.jawait.executor.LocalExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FlowPublisher}: a channel's messages to a reactive-streams subscriber, on demand. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlowPublisherTest {
    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void messagesGoOutAsTheSubscriberRequestsThemThenTheEnd() {
        Channel<String> channel = channelOf("a", "b", "c", "d", "e");
        channel.close();
        Recorder<String> subscriber = new Recorder<>();
        FlowPublisher.of(channel, ExecutorSpawner.on(executor)).subscribe(subscriber);
        subscriber.subscription.request(2);
        executor.runAll();
        assertEquals(List.of("next a", "next b"), subscriber.events);
        assertEquals(3, channel.size(), "nothing received without demand");

        subscriber.subscription.request(10);
        executor.runAll();
        assertEquals(List.of("next a", "next b", "next c", "next d", "next e", "complete"), subscriber.events);
    }

    @Test
    void aBoundedChannelsSendersWaitForTheSubscribersDemand() {
        Channel<Integer> channel = Channel.bounded(2);
        Recorder<Integer> subscriber = new Recorder<>();
        FlowPublisher.of(channel, ExecutorSpawner.on(executor)).subscribe(subscriber);
        assertTrue(channel.trySend(1));
        assertTrue(channel.trySend(2));
        executor.runAll();
        assertFalse(channel.trySend(3), "full: the subscriber asked for nothing");
        subscriber.subscription.request(1);
        executor.runAll();
        assertEquals(List.of("next 1"), subscriber.events);
        assertTrue(channel.trySend(3), "one delivered, one slot free");
    }

    @Test
    void cancellingStopsTheDeliveryAndLeavesTheRestInTheChannel() {
        Channel<String> channel = channelOf("a", "b", "c");
        Recorder<String> subscriber = new Recorder<>();
        FlowPublisher.of(channel, ExecutorSpawner.on(executor)).subscribe(subscriber);
        subscriber.subscription.request(1);
        executor.runAll(); // delivers "a", then waits for demand
        subscriber.subscription.cancel();
        subscriber.subscription.request(5); // after the cancel: ignored
        executor.runAll();
        assertEquals(List.of("next a"), subscriber.events);
        assertEquals(2, channel.size(), "what was not delivered stays");
    }

    @Test
    void cancellingWhileAReceiveWaitsTakesNothing() {
        Channel<String> channel = Channel.unbounded();
        Recorder<String> subscriber = new Recorder<>();
        FlowPublisher.of(channel, ExecutorSpawner.on(executor)).subscribe(subscriber);
        subscriber.subscription.request(5);
        executor.runAll();
        assertEquals(1, channel.waitingReceivers(), "the task waits for a message");
        subscriber.subscription.cancel();
        executor.runAll();
        assertEquals(0, channel.waitingReceivers());
        assertTrue(channel.trySend("later"));
        executor.runAll();
        assertEquals(List.of(), subscriber.events);
        assertEquals(1, channel.size());
    }

    @Test
    void aSecondSubscriberAndANonPositiveRequestGetOnError() {
        Channel<String> channel = channelOf("a");
        FlowPublisher<String> publisher = FlowPublisher.of(channel, ExecutorSpawner.on(executor));
        Recorder<String> first = new Recorder<>();
        Recorder<String> second = new Recorder<>();
        publisher.subscribe(first);
        publisher.subscribe(second);
        assertEquals(List.of("error IllegalStateException"), second.events);

        first.subscription.request(0);
        executor.runAll();
        assertEquals(List.of("error IllegalArgumentException"), first.events);
        assertEquals(1, channel.size(), "nothing delivered after the error");
    }

    @Test
    void unboundedDemandNeverRunsOut() {
        Channel<Integer> channel = Channel.unbounded();
        for (int i = 0; i < 100; i++) {
            channel.trySend(i);
        }
        channel.close();
        Recorder<Integer> subscriber = new Recorder<>();
        FlowPublisher.of(channel, ExecutorSpawner.on(executor)).subscribe(subscriber);
        subscriber.subscription.request(Long.MAX_VALUE);
        subscriber.subscription.request(Long.MAX_VALUE); // saturates instead of overflowing
        executor.runAll();
        assertEquals(101, subscriber.events.size());
        assertEquals("complete", subscriber.events.get(100));
    }

    @Test
    void aChannelRoundTripsThroughFlowToATaskOnRealThreads() throws Exception {
        int n = 20_000;
        Channel<Integer> channel = Channel.bounded(8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            FlowPublisher<Integer> publisher = FlowPublisher.of(channel, ExecutorSpawner.on(pool));
            FlowReceiver<Integer> receiver = FlowReceiver.subscribe(publisher, 16);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    dev.jawait.Await.blockOn(channel.send(i)); // waits while the channel is full
                }
                channel.close();
            }, "producer");
            producer.setDaemon(true); // blocked in a send if the test fails: must not hold the JVM
            producer.start();
            List<Integer> got = LocalExecutor.create().blockOn(new ReceiveAll<>(receiver));
            producer.join(10_000);
            assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toList()), got);
        } finally {
            pool.shutdown();
        }
    }

    private static Channel<String> channelOf(String... messages) {
        Channel<String> channel = Channel.unbounded();
        for (String m : messages) {
            channel.trySend(m);
        }
        return channel;
    }

    /** A subscriber that records what it is told. */
    private static final class Recorder<T> implements Flow.Subscriber<T> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(T item) {
            events.add("next " + item);
        }

        @Override
        public void onError(Throwable t) {
            events.add("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            events.add("complete");
        }
    }
}
