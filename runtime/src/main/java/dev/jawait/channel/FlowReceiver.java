package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.internal.Sneaky;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The items of a {@link Flow.Publisher}, received by tasks one {@link #receive()} at a time, with
 * back-pressure: the bridge from reactive streams (the JDK's {@code SubmissionPublisher}, and
 * Reactor or RxJava through their {@code Flow} adapters) to {@code await}.
 *
 * <pre>{@code
 * FlowReceiver<Event> events = FlowReceiver.subscribe(publisher, 64);
 * try {
 *     for (;;) {
 *         handle(await(events.receive()));
 *     }
 * } catch (ChannelClosedException end) {
 *     // the publisher completed and every item was received
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Back-pressure.</b> It requests {@code prefetch} items when subscribed, and then as many
 *       as were received each time three quarters of a batch has been: never more than
 *       {@code prefetch} items are requested and not yet received.</li>
 *   <li><b>Order, no loss, no duplicates.</b> Items are received in the order the publisher sent
 *       them, each by exactly one receive; a cancelled receive takes nothing (as with
 *       {@link Channel}, which this class is built on). Receives may come from any number of tasks
 *       and threads.</li>
 *   <li><b>The end.</b> After the items sent before {@code onComplete}, a receive fails with
 *       {@link ChannelClosedException}; after those sent before {@code onError}, it throws the
 *       publisher's failure as it is (the same instance every time).</li>
 *   <li><b>A publisher that breaks the rules</b> (more items than requested, a second
 *       {@code onSubscribe}, a {@code null} item) is answered as the Reactive Streams
 *       specification asks: the excess is a failure ({@link IllegalStateException}, after the
 *       items received within the demand) and the subscription is cancelled; a second
 *       subscription is cancelled; a {@code null} item throws {@link NullPointerException} at the
 *       publisher.</li>
 *   <li><b>{@link #close()}</b> cancels the subscription and drops the items not yet received;
 *       receives then fail with {@link ChannelClosedException}.</li>
 * </ul>
 * {@code request} and {@code cancel} reach the subscription one at a time, from whichever thread
 * receives or closes, as the specification requires (rule 2.7), and never under a lock.
 *
 * @param <T> the type of the items
 */
public final class FlowReceiver<T> implements AutoCloseable {
    private final Channel<T> items = Channel.unbounded();
    private final int prefetch;
    /** Received items after which more are requested: three quarters of a batch, at least one. */
    private final int replenishAt;
    private final Subscriber subscriber = new Subscriber();

    /** Items requested and not yet sent: an item beyond it breaks the publisher's contract. */
    private final AtomicLong demand = new AtomicLong();
    /** Items received since the last request. */
    private final AtomicInteger receivedSinceRequest = new AtomicInteger();

    /** What is owed to the subscription, handed over by {@link #drainSignals()}. */
    private final AtomicLong toRequest = new AtomicLong();
    private final AtomicInteger signalling = new AtomicInteger();
    private volatile boolean cancelRequested;
    private boolean cancelSent; // touched only inside drainSignals' exclusive section

    private volatile Flow.Subscription subscription;
    /** The publisher's failure (or a contract violation), set before {@link #items} is closed. */
    private volatile Throwable failure;
    private volatile boolean closedByConsumer;

    private FlowReceiver(int prefetch) {
        this.prefetch = prefetch;
        this.replenishAt = Math.max(1, prefetch - (prefetch >> 2));
    }

    /**
     * Subscribes to {@code publisher} and returns the receiver of its items.
     *
     * @param publisher the source of the items
     * @param prefetch how many items may be requested and not yet received ({@code >= 1}): the
     *     buffer's bound
     */
    public static <T> FlowReceiver<T> subscribe(Flow.Publisher<? extends T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "publisher");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch < 1: " + prefetch);
        }
        FlowReceiver<T> receiver = new FlowReceiver<>(prefetch);
        publisher.subscribe(receiver.subscriber);
        return receiver;
    }

    /**
     * A future of the next item. It fails with {@link ChannelClosedException} once the publisher
     * has completed and every item was received (or after {@link #close()}), and throws the
     * publisher's failure once it failed and every item sent before was received. Cancelling it
     * never loses an item. Nothing happens until it is polled.
     */
    public Future<T> receive() {
        return new Receive(items.receive());
    }

    /**
     * Takes the next item if one has arrived; {@code null} if none has yet.
     *
     * @throws ChannelClosedException at the end, as for {@link #receive()}
     */
    public T tryReceive() {
        T item;
        try {
            item = items.tryReceive();
        } catch (ChannelClosedException end) {
            throw endOfStream(end);
        }
        if (item != null) {
            received();
        }
        return item;
    }

    /** Cancels the subscription and drops the items not yet received. Idempotent. */
    @Override
    public void close() {
        closedByConsumer = true;
        cancelRequested = true;
        items.close();
        while (true) { // drop what is left, so that the items are not kept alive
            try {
                if (items.tryReceive() == null) {
                    break;
                }
            } catch (ChannelClosedException drained) {
                break;
            }
        }
        drainSignals();
    }

    /** An item was taken: after three quarters of a batch, ask for as many more. */
    private void received() {
        int n = receivedSinceRequest.incrementAndGet();
        if (n >= replenishAt && receivedSinceRequest.compareAndSet(n, 0)) {
            toRequest.addAndGet(n);
            drainSignals();
        }
    }

    /**
     * Hands what is owed (a request, the cancel) to the subscription, one thread at a time and
     * without a lock: whoever finds the section busy leaves its signal for the thread inside,
     * which loops until none is left.
     */
    private void drainSignals() {
        if (signalling.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Flow.Subscription s = subscription;
            if (s != null && !cancelSent) {
                if (cancelRequested) {
                    cancelSent = true;
                    s.cancel();
                } else {
                    long n = toRequest.getAndSet(0);
                    if (n > 0) {
                        demand.addAndGet(n);
                        s.request(n);
                    }
                }
            }
            missed = signalling.addAndGet(-missed);
        } while (missed != 0);
    }

    /** What a receive at the end throws: the publisher's failure, or {@code end} itself. */
    private RuntimeException endOfStream(ChannelClosedException end) {
        if (closedByConsumer) {
            return new ChannelClosedException("FlowReceiver closed");
        }
        Throwable t = failure;
        return t != null ? Sneaky.sneak(t) : new ChannelClosedException("the publisher completed and every item was received");
    }

    /** Ends the stream with {@code t} (the publisher's failure, or its broken contract). */
    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        items.close();
    }

    @Override
    public String toString() {
        String state = closedByConsumer ? "closed" : items.isClosed() ? (failure != null ? "failed" : "completed") : "open";
        return "FlowReceiver[" + state + ", buffered=" + items.size() + ", prefetch=" + prefetch + "]";
    }

    /** One receive: the channel's, plus the request accounting and the end's failure. */
    private final class Receive implements Future<T> {
        private final Future<T> inner;

        Receive(Future<T> inner) {
            this.inner = inner;
        }

        @Override
        public Poll<T> poll(Context cx) {
            Poll<T> p;
            try {
                p = inner.poll(cx);
            } catch (ChannelClosedException end) {
                throw endOfStream(end);
            }
            if (p.isReady()) {
                received();
            }
            return p;
        }

        @Override
        public void cancel() {
            inner.cancel();
        }

        @Override
        public String toString() {
            return "FlowReceiver.receive() on " + FlowReceiver.this;
        }
    }

    /** What the publisher sees. */
    private final class Subscriber implements Flow.Subscriber<T> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "subscription");
            if (subscription != null) {
                s.cancel(); // rule 2.5: one subscription at a time
                return;
            }
            subscription = s;
            toRequest.addAndGet(prefetch);
            drainSignals();
        }

        @Override
        public void onNext(T item) {
            Objects.requireNonNull(item, "item"); // rule 2.13
            if (demand.getAndDecrement() <= 0) {
                fail(new IllegalStateException("the publisher sent more items than were requested"));
                cancelRequested = true;
                drainSignals();
                return;
            }
            try {
                items.trySend(item); // unbounded: never refused while open
            } catch (ChannelClosedException closed) {
                // Closed by the consumer (or ended by a broken contract): the item is dropped.
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(Objects.requireNonNull(t, "throwable"));
        }

        @Override
        public void onComplete() {
            items.close();
        }
    }
}
