package dev.jawait.samples;

import dev.jawait.Await;
import dev.jawait.Future;

/** Entry point of the samples: runs the demo programs and prints what they do. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int answer = Await.blockOn(Future.ready(42));
        System.out.println("jawait sample: blockOn(Future.ready(42)) = " + answer);
    }
}
