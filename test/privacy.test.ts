import { expect } from "chai";
import { artifacts } from "hardhat";

// Privacy by test (docs/privacy.md): no event, no state-changing function (constructors included)
// and no error of a production contract can carry free text. A `string` or a free-form `bytes`
// (a dynamic byte string, at any depth inside tuples and arrays) is where a name, an address, an
// IBAN or a payment reference would end up; fixed-size values (bytes32 ids and hashes, bytes4
// selectors), numbers, enums and addresses cannot hold a sentence. View and pure functions are
// allowed to return strings (ERC-20 name and symbol, EIP-712 domain): they write nothing and
// leave no trace in a transaction.

interface AbiParam {
  name?: string;
  type: string;
  components?: AbiParam[];
}
interface AbiFragment {
  type: string;
  name?: string;
  stateMutability?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
}

/** Every free-text slot in an ABI, as "kind name: path (type)". */
export function freeTextSlots(abi: readonly AbiFragment[]): string[] {
  const found: string[] = [];
  const walk = (where: string, params: AbiParam[] | undefined, path: string) => {
    (params ?? []).forEach((p, i) => {
      const label = `${path}${p.name || `#${i}`}`;
      const base = p.type.replace(/(\[\d*\])+$/, "");
      if (base === "string" || base === "bytes") found.push(`${where}: ${label} (${p.type})`);
      if (base === "tuple") walk(where, p.components, `${label}.`);
    });
  };
  for (const f of abi) {
    const where = `${f.type} ${f.name ?? ""}`.trim();
    if (f.type === "event" || f.type === "error" || f.type === "constructor") {
      walk(where, f.inputs, "");
    } else if (f.type === "function") {
      if (f.stateMutability === "view" || f.stateMutability === "pure") continue;
      walk(where, f.inputs, "");
      walk(`${where} returns`, f.outputs, "");
    } else if (f.type === "fallback") {
      found.push(`${where}: accepts arbitrary calldata`);
    }
  }
  return found;
}

/**
 * Known slots that cannot carry personal data, each with the reason. Kept exact: an entry that no
 * longer matches fails the test too, so the list cannot rot into a blanket exception.
 */
const ALLOWED: Record<string, string> = {
  // OpenZeppelin ShortStrings' error, inherited through ERC20Permit/EIP712. EIP712 stores the name
  // with toShortStringWithFallback, which never reverts, and the only string it could carry is the
  // token's fixed, hard-coded name.
  "contracts/token/EuroToken.sol: error StringTooLong: str (string)": "unreachable library error",
};

const REQUIRED = ["HouseholdVault", "HouseholdVaultFactory", "EuroToken", "IHouseholdVault", "IHouseholdVaultFactory"];

async function productionArtifacts() {
  const names = (await artifacts.getAllFullyQualifiedNames()).filter(
    (fq) => fq.startsWith("contracts/") && !fq.startsWith("contracts/mocks/"),
  );
  return Promise.all(names.map((fq) => artifacts.readArtifact(fq)));
}

describe("privacy: no free text in events, errors or state-changing calls", function () {
  it("the checker flags strings and free-form bytes, nested or not, and nothing else", function () {
    const synthetic: AbiFragment[] = [
      { type: "event", name: "Noted", inputs: [{ name: "reference", type: "string" }] },
      { type: "error", name: "Refused", inputs: [{ name: "why", type: "string" }] },
      { type: "constructor", inputs: [{ name: "tokenName", type: "string" }] },
      {
        type: "function",
        name: "pay",
        stateMutability: "nonpayable",
        inputs: [
          {
            name: "plan",
            type: "tuple[]",
            components: [
              { name: "amount", type: "uint96" },
              { name: "memo", type: "bytes" },
              { name: "tags", type: "tuple", components: [{ name: "labels", type: "string[2]" }] },
            ],
          },
        ],
        outputs: [{ name: "receipt", type: "bytes" }],
      },
      { type: "function", name: "label", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "string" }] },
      {
        type: "function",
        name: "ok",
        stateMutability: "nonpayable",
        inputs: [
          { name: "id", type: "bytes32" },
          { name: "selector", type: "bytes4" },
          { name: "ids", type: "bytes32[]" },
        ],
        outputs: [],
      },
      { type: "fallback", stateMutability: "nonpayable" },
    ];
    expect(freeTextSlots(synthetic)).to.deep.equal([
      "event Noted: reference (string)",
      "error Refused: why (string)",
      "constructor: tokenName (string)",
      "function pay: plan.memo (bytes)",
      "function pay: plan.tags.labels (string[2])",
      "function pay returns: receipt (bytes)",
      "fallback: accepts arbitrary calldata",
    ]);
  });

  it("walks every production contract, the required ones among them", async function () {
    const names = (await productionArtifacts()).map((a) => a.contractName);
    for (const required of REQUIRED) expect(names, required).to.include(required);
  });

  it("no production contract or interface has a free-text event, error or state-changing parameter", async function () {
    const offenders: string[] = [];
    for (const artifact of await productionArtifacts()) {
      for (const slot of freeTextSlots(artifact.abi as AbiFragment[]))
        offenders.push(`${artifact.sourceName}: ${slot}`);
    }
    const unexpected = offenders.filter((o) => !(o in ALLOWED));
    expect(unexpected, unexpected.join("\n")).to.deep.equal([]);
    const stale = Object.keys(ALLOWED).filter((a) => !offenders.includes(a));
    expect(stale, "allow-list entries that no longer occur").to.deep.equal([]);
  });
});
