/**
 * The web app's explanations of failed transactions: every custom error of the vault, the factory
 * and the token has a plain sentence in Dutch and in English, with its arguments filled in, and the
 * revert data is found wherever a wallet or ethers nests it.
 */
import { expect } from "chai";
import { AbiCoder, makeError } from "ethers";
import { EuroToken__factory, HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../typechain-types";
import { decodeCustomError, explainError, knownErrorNames, revertData } from "../../app/src/chain/explain";
import { ERROR_TEXTS } from "../../app/src/i18n/errors";
import { formatter } from "../../app/src/i18n/format";
import { LANGS } from "../../app/src/i18n/lang";

const vaultErrors = HouseholdVault__factory.createInterface();
const factoryErrors = HouseholdVaultFactory__factory.createInterface();
const tokenErrors = EuroToken__factory.createInterface();
/** Intl writes a no-break space between € and the amount; the tests compare plain text. */
const plain = (s: string) => s.replace(/\u00a0/g, " ");
const creditor = "0x00000000000000000000000000000000000000aa";

/** Sample arguments for an error's inputs: 1 unit-ish numbers, an address, a hash. */
function sampleArgs(types: string[]): unknown[] {
  return types.map((t) => {
    if (t === "address") return creditor;
    if (t === "bytes32") return "0x" + "11".repeat(32);
    if (t === "string") return "text";
    return 24_318n; // a month index (2026 * 12 + 6), a line index, or 0.024318 euro
  });
}

describe("web app: failed transactions in plain words", () => {
  const names = knownErrorNames();

  it("knows every custom error of the vault, the factory and the token (at least the vault's 37)", () => {
    expect(names.length).to.be.greaterThan(60);
    expect(names).to.include.members([
      "HouseholdVaultCreditorNotApproved",
      "ERC20InsufficientBalance",
      "EnforcedPause",
    ]);
  });

  for (const lang of LANGS) {
    it(`explains each of them in ${lang}, with its arguments and no placeholder left`, () => {
      const f = formatter(lang, 6);
      const missing = names.filter((n) => !ERROR_TEXTS[lang].custom[n]);
      expect(missing, `no ${lang} text for`).to.deep.equal([]);
      for (const name of names) {
        const types: string[] = [];
        const fragment = [vaultErrors, factoryErrors, tokenErrors].map((i) => i.getError(name)).find(Boolean);
        fragment!.inputs.forEach((p) => types.push(p.type));
        const text = ERROR_TEXTS[lang].custom[name](sampleArgs(types), f);
        expect(text, name).to.match(/^[A-Z0-9€"]/);
        expect(text, name).not.to.match(/undefined|NaN|\[object/);
      }
    });
  }

  it("names the plan line (counting from 1) and the creditor when a creditor is not in the register", () => {
    const data = vaultErrors.encodeErrorResult("HouseholdVaultCreditorNotApproved", [1, creditor]);
    expect(decodeCustomError(data)?.name).to.equal("HouseholdVaultCreditorNotApproved");
    const nl = explainError({ data }, formatter("nl", 6));
    expect(nl).to.equal(
      "De schuldeiser in regel 2 (0x0000…00AA) staat niet in het register van de gemeente. Kies een schuldeiser uit het register.",
    );
    expect(explainError({ data }, formatter("en", 6))).to.include("is not in the municipality's register");
  });

  it("finds revert data nested the way ethers and wallets nest it", () => {
    const data = vaultErrors.encodeErrorResult("HouseholdVaultAdvanceCapExceeded", [2_000_000_000n, 1_500_000_000n]);
    const nested = { code: "CALL_EXCEPTION", info: { error: { code: 3, data } } };
    expect(revertData(nested)).to.equal(data);
    expect(plain(explainError(nested, formatter("nl", 6)))).to.equal(
      "Dit voorschot is te hoog. Dit huishouden mag nog € 1.500,00 voorschot krijgen.",
    );
    expect(plain(explainError({ error: { error: { data } } }, formatter("en", 6)))).to.include("€1,500.00");
  });

  it("explains a refused signature, a node that cannot be reached and anything else without technical detail", () => {
    const f = formatter("en", 6);
    expect(
      explainError(makeError("user rejected", "ACTION_REJECTED", { action: "sendTransaction", reason: "rejected" }), f),
    ).to.equal(ERROR_TEXTS.en.rejected);
    expect(explainError({ code: 4001, message: "User denied" }, f)).to.equal(ERROR_TEXTS.en.rejected);
    expect(explainError(makeError("down", "NETWORK_ERROR", { event: "x" }), f)).to.equal(ERROR_TEXTS.en.network);
    expect(explainError(new Error("boom at Object.<anonymous> (x.js:1:2)"), f)).to.equal(ERROR_TEXTS.en.other);
    // Revert data of an error no contract here defines: named, not decoded wrongly.
    const unknown = "0x12345678" + AbiCoder.defaultAbiCoder().encode(["uint256"], [1]).slice(2);
    expect(decodeCustomError(unknown)).to.equal(undefined);
  });
});
