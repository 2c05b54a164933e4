/**
 * What happens outside the vault, modelled for its effect on it: the EuroToken's admin (blocklist,
 * pause), the factory's admin (COACH_ROLE) and the passing of time.
 */
import { clone, done, emptyEffects, fail, type Outcome, type World } from "./state";

export function setBlocklisted(w0: World, account: string, on: boolean): Outcome {
  const w = clone(w0);
  // A new object: clone() shares the blocklist between worlds.
  const { [account]: _was, ...others } = w.blocklisted;
  void _was;
  w.blocklisted = on ? { ...others, [account]: true } : others;
  return done(w, emptyEffects());
}

export function setTokenPaused(w0: World, on: boolean): Outcome {
  if (w0.tokenPaused === on) return fail(on ? "EnforcedPause" : "ExpectedPause");
  const w = clone(w0);
  w.tokenPaused = on;
  return done(w, emptyEffects());
}

export function timeJump(w0: World, to: number): World {
  if (to <= w0.now) return w0;
  const w = clone(w0);
  w.now = to;
  return w;
}

/** The factory's admin grants or revokes COACH_ROLE (a coach who lost it cannot propose, nor have a plan accepted). */
export function setCoachRole(w0: World, account: string, on: boolean): Outcome {
  const w = clone(w0);
  const coaches = w.config.coaches.filter((c) => c !== account);
  // A new config: clone() shares it between worlds.
  w.config = { ...w.config, coaches: on ? [...coaches, account] : coaches };
  return done(w, emptyEffects());
}
