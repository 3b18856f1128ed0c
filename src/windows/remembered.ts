// Answers that depend only on one string (an image reference): the same few images recur across a
// whole corpus and thousands of containers, so each answer is worked out once. Bounded: past `max`
// distinct strings the memory starts afresh, so a run over millions of distinct images stays flat.
import { detached } from '../util/detach.js';

/** `compute` remembered per argument (it must be pure; its answers are shared, so frozen). */
export function rememberedByString<T>(compute: (text: string) => T, max = 10_000): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined && !answers.has(text)) {
      // Worked out on a copy: a string cut from a file's text (and every piece cut from it) would
      // keep that whole text alive as long as it is remembered.
      const own = detached(text);
      answer = compute(own);
      if (typeof answer === 'object' && answer !== null) Object.freeze(answer);
      if (answers.size >= max) answers.clear();
      answers.set(own, answer);
    }
    return answer as T;
  };
}
