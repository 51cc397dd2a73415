package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: inside an anonymous class's body, a compound assignment to a private field of the program's class by its bare name ('pi += c') read the field through its var handle but stored into the read, so the generated machine did not compile ("unexpected type: required variable"); the same through 'it.pi' compiled
public class PrivateFieldUpdateInAnonymousClass {
  static PrivateFieldUpdateInAnonymousClass it;
  private int pi = 4;
  int fi = 1;

  public static Object entry() throws Exception {
    it = new PrivateFieldUpdateInAnonymousClass();
    return it.m0(1, 2);
  }

  @Async
  Future<Integer> m0(int d, int p) throws FxChecked {
    final int c = p + await(v("a", d));
    Runnable run = new Runnable() { @Override public void run() { log("anon " + c + " " + pi); pi += c; pi++; fi += pi; } };
    await(v("b", 0));
    run.run();
    Runnable other = new Runnable() { @Override public void run() { log("it " + it.pi); it.pi -= c; } };
    other.run();
    return Future.ready(pi * 100 + fi);
  }
}
