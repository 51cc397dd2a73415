package dev.jawait.channel;

import dev.jawait.Context;
import dev.jawait.Future;
import dev.jawait.Poll;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives from a {@link FlowReceiver} until the stream ends; completes with the items, or fails
 * with what ended the stream if that is not the plain end ({@link ChannelClosedException}).
 */
final class ReceiveAll<T> implements Future<List<T>> {
    private final FlowReceiver<T> receiver;
    private final List<T> got = new ArrayList<>();
    private Future<T> current;

    ReceiveAll(FlowReceiver<T> receiver) {
        this.receiver = receiver;
    }

    @Override
    public Poll<List<T>> poll(Context cx) {
        for (;;) {
            if (current == null) {
                current = receiver.receive();
            }
            Poll<T> p;
            try {
                p = current.poll(cx);
            } catch (ChannelClosedException end) {
                return Poll.ready(got);
            }
            if (p.isPending()) {
                return Poll.pending();
            }
            got.add(p.get());
            current = null;
        }
    }
}
