package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import dev.jawait.sync.AtomicWaker;
import dev.jawait.task.JoinHandle;
import dev.jawait.task.Spawner;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Channel}'s messages offered as a reactive-streams {@link Flow.Publisher}: the bridge
 * from tasks that produce to a reactive consumer (Reactor's {@code Flux.from} through its
 * {@code Flow} adapter, a {@code SubmissionPublisher}-style pipeline, or jawait's own
 * {@link FlowReceiver}). The complement of {@link FlowReceiver}.
 *
 * <p>One subscriber, once: the messages go to whoever subscribes first; a later subscriber gets
 * {@code onError(IllegalStateException)}. A task spawned on the given {@link Spawner} receives
 * from the channel only while the subscriber has outstanding demand, so a bounded channel's
 * back-pressure reaches its senders, and calls {@code onNext} for each message, then
 * {@code onComplete} once the channel is closed and drained. Cancelling the subscription stops
 * the task: messages it has not received stay in the channel. {@code request(n)} with
 * {@code n <= 0} is answered with {@code onError(IllegalArgumentException)} (rule 3.9), and
 * {@code Long.MAX_VALUE} means no limit (rule 3.17). Signals reach the subscriber one at a time,
 * from the task.
 *
 * @param <T> the type of the messages
 */
public final class FlowPublisher<T> implements Flow.Publisher<T> {
    private final Channel<T> source;
    private final Spawner spawner;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    private FlowPublisher(Channel<T> source, Spawner spawner) {
        this.source = source;
        this.spawner = spawner;
    }

    /**
     * The messages of {@code source} for one subscriber, delivered by a task of {@code spawner}.
     *
     * @param source the channel the messages are received from
     * @param spawner where the delivering task runs (it calls the subscriber's methods)
     */
    public static <T> FlowPublisher<T> of(Channel<T> source, Spawner spawner) {
        return new FlowPublisher<>(Objects.requireNonNull(source, "source"),
                Objects.requireNonNull(spawner, "spawner"));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("a FlowPublisher has one subscriber, once"));
            return;
        }
        Delivery<T> delivery = new Delivery<>(source, subscriber);
        subscriber.onSubscribe(delivery);
        delivery.start(spawner);
    }

    @Override
    public String toString() {
        return "FlowPublisher[" + (subscribed.get() ? "subscribed" : "waiting for a subscriber") + "] of " + source;
    }

    /** The subscription: demand and cancellation, read by the task that delivers. */
    private static final class Delivery<T> implements Flow.Subscription {
        private final Channel<T> source;
        private final Flow.Subscriber<? super T> subscriber;
        /** Outstanding demand; {@code Long.MAX_VALUE} is unbounded and never decreases. */
        private final AtomicLong demand = new AtomicLong();
        private final AtomicWaker demandWaker = new AtomicWaker();
        private volatile boolean cancelled;
        /** Rule 3.9's failure, for the task to signal (signals come from the task only). */
        private volatile IllegalArgumentException badRequest;
        private volatile JoinHandle<Void> task;

        Delivery(Channel<T> source, Flow.Subscriber<? super T> subscriber) {
            this.source = source;
            this.subscriber = subscriber;
        }

        void start(Spawner spawner) {
            JoinHandle<Void> handle = spawner.spawn(new Deliver());
            task = handle;
            handle.detach(); // a subscriber that throws is reported, not awaited
            if (cancelled) {
                handle.abort(); // cancelled inside onSubscribe, before the task existed
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
            } else {
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n); // saturates (rule 3.17)
            }
            demandWaker.wake();
        }

        @Override
        public void cancel() {
            cancelled = true;
            JoinHandle<Void> handle = task;
            if (handle != null) {
                handle.abort();
            }
        }

        @Override
        public String toString() {
            return "FlowPublisher subscription[demand=" + demand.get() + (cancelled ? ", cancelled" : "") + "] of " + source;
        }

        /** The task: receives one message per unit of demand and hands it to the subscriber. */
        private final class Deliver implements Future<Void> {
            /** The receive in progress, if any. */
            private Future<T> receiving;

            @Override
            public Poll<Void> poll(Context cx) {
                for (;;) {
                    if (cancelled) {
                        return Poll.ready(null);
                    }
                    IllegalArgumentException bad = badRequest;
                    if (bad != null) {
                        cancelled = true;
                        subscriber.onError(bad);
                        return Poll.ready(null);
                    }
                    if (receiving == null) {
                        if (demand.get() == 0) {
                            // Register, then look again: a request in between wakes the new waker.
                            demandWaker.register(cx.waker());
                            if (demand.get() == 0 && badRequest == null && !cancelled) {
                                return Poll.pending();
                            }
                            continue;
                        }
                        receiving = source.receive();
                    }
                    Poll<T> next;
                    try {
                        next = receiving.poll(cx);
                    } catch (ChannelClosedException drained) {
                        receiving = null;
                        cancelled = true;
                        subscriber.onComplete();
                        return Poll.ready(null);
                    }
                    if (next.isPending()) {
                        return Poll.pending();
                    }
                    receiving = null;
                    demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - 1);
                    subscriber.onNext(next.get());
                }
            }

            /** The subscription was cancelled: the receive in progress takes nothing. */
            @Override
            public void cancel() {
                Future<T> r = receiving;
                receiving = null;
                if (r != null) {
                    r.cancel();
                }
                demandWaker.clear();
            }

            @Override
            public String toString() {
                return "FlowPublisher delivery of " + Delivery.this;
            }
        }
    }
}
