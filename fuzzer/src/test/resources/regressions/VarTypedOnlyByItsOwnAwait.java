package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug (session 19): a var local declared by an await, hoisted (a yield follows it), whose only
// await is in its own initializer: javac had not typed it there, so the machine could not be written ('its type none')
public class VarTypedOnlyByItsOwnAwait {
  enum En { A, B, C }
  static int sf;
  static String ss;
  /** This run's instance: static methods reach instance fields and methods through it. */
  static VarTypedOnlyByItsOwnAwait it;
  int fi = 1;
  long fl = 2L;
  String fs = "i";
  Box fb = new Box(3, "fb");
  int[] fa = {1, 2, 3};
  Object fo = "fo";
  private int pi = 4;
  private String ps = "p";
  private short psh = (short) 5;
  private char pc = 'c';
  private byte pby = (byte) 126;
  /** Called on values only javac types (the machine needs a method handle). */
  private int pm(int k) { return pi * 10 + k; }

  /** Resets the statics, makes this run's instance and starts the program. */
  public static Object entry() throws Exception {
    sf = 0;
    ss = "s";
    it = new VarTypedOnlyByItsOwnAwait();
    return it.m0(2, 1);
  }

  
  @Async
  private Future<Long> m0(int d, int p) throws FxChecked {
    step();
    int w7 = 0;
    return Future.ready(8L);
  }
  
  
  @Async
  private Future<Integer> m1(int d, int p) throws FxChecked {
    step();
    int x56;
    if (false) {
      x56 = 9;
    } else {
      x56 = 6;
    }
    log("L77" + (switch (En.A) {
    case B: {
    }
    case A: {
      var x84 = await(v("a85", "s1"));
      yield "" + "";
    }
    default: {
      yield "" + "s1";
    }
    }));
    int w106 = 0;
    return Future.ready((--x56));
  }
  
}
