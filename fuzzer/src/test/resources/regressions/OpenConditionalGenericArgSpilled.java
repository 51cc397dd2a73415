package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// open processor bug: a pattern conditional (no await inside) as an argument of a generic method (List.of) whose later argument awaits: rejected with the 'converts its branches one by one' error, though the binding's type is explicit
public class OpenConditionalGenericArgSpilled {
  static OpenConditionalGenericArgSpilled it;
  static int sf;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new OpenConditionalGenericArgSpilled();
    sf = 0;
    return m(7);
  }

  @Async
  static Future<Integer> m(Object o) throws FxChecked {
    List<Integer> l = List.of((o instanceof Integer b ? b + 1 : 0), await(v("a", 8)));
    return Future.ready(l.get(0));
  }
}
