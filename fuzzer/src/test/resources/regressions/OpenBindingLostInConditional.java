package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a pattern binding of a conditional's condition read in one branch while the other branch awaits: the machine does not declare it, "cannot find symbol b"
public class OpenBindingLostInConditional {
  static OpenBindingLostInConditional it;

  public static Object entry() throws Exception {
    it = new OpenBindingLostInConditional();
    return m(new Box(3, "b"));
  }

  @Async
  static Future<Integer> m(Object o) throws FxChecked {
    int r = o instanceof Box b ? b.f + 9 : await(v("a", 0));
    return Future.ready(r);
  }
}
