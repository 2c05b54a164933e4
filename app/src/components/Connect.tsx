/**
 * Logging in: an injected wallet, or on a local development node one of the node's test accounts,
 * listed by the role each holds here and marked as development only.
 */
import { useEffect, useState } from "react";
import { isMunicipality, rolesOf } from "../chain/contracts";
import { useSession } from "../chain/session";
import { useTexts } from "../i18n";
import { COMMON } from "../i18n/common";

export function Connect() {
  const t = useTexts(COMMON);
  const { connectWallet, connectProblem, config } = useSession();
  return (
    <section aria-labelledby="connect-heading" className="panel">
      <h2 id="connect-heading" className="utrecht-heading-2">
        {t.connectHeading}
      </h2>
      <p className="utrecht-paragraph">{t.connectIntro}</p>
      <button
        type="button"
        className="utrecht-button utrecht-button--primary-action"
        onClick={() => void connectWallet()}
      >
        {t.connectWallet}
      </button>
      {connectProblem && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">
            {connectProblem === "wrongChain" ? t.wrongChain(config.chainId) : t[connectProblem]}
          </p>
        </div>
      )}
      {config.devAccounts && <DevAccounts />}
    </section>
  );
}

interface Labeled {
  address: string;
  label: string;
}

function DevAccounts() {
  const t = useTexts(COMMON);
  const { reader, config, directory, useDevAccount } = useSession();
  const [accounts, setAccounts] = useState<Labeled[]>([]);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    if (!directory) return;
    let live = true;
    void (async () => {
      const addresses = (await reader.send("eth_accounts", [])) as string[];
      const labeled = await Promise.all(
        addresses.map(async (address) => {
          const roles = await rolesOf(config, reader, directory, address);
          const same = (a: string) => a.toLowerCase() === address.toLowerCase();
          const parts: string[] = [];
          if (isMunicipality(roles)) parts.push(t.roleMunicipality);
          if (roles.coach) parts.push(t.roleCoach);
          for (const h of roles.resident) parts.push(`${t.roleResident} (${t.household(h.householdId.slice(0, 10))})`);
          const payer = directory.registers.payers.find((p) => same(p.address));
          if (payer) parts.push(t.rolePayer(t.sources[payer.source]));
          if (directory.registers.creditors.some(same)) parts.push(t.roleCreditor);
          return { address, label: `${parts.length ? parts.join(", ") : t.roleNone} — ${address}` };
        }),
      );
      if (live) {
        setAccounts(labeled);
        setChosen((c) => c || labeled[0]?.address || "");
      }
    })();
    return () => {
      live = false;
    };
  }, [reader, config, directory, t]);

  return (
    <div className="dev-accounts" data-testid="dev-accounts">
      <h3 className="utrecht-heading-3">{t.devHeading}</h3>
      <div className="utrecht-alert utrecht-alert--warning">
        <p className="utrecht-paragraph">{t.devWarning}</p>
      </div>
      <div className="utrecht-form-field">
        <label className="utrecht-form-label" htmlFor="dev-account">
          {t.devPick}
        </label>
        <select
          id="dev-account"
          className="utrecht-select utrecht-select--html-select"
          value={chosen}
          onChange={(e) => setChosen(e.target.value)}
        >
          {accounts.map((a) => (
            <option key={a.address} value={a.address}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="utrecht-button utrecht-button--secondary-action"
        disabled={!chosen}
        onClick={() => void useDevAccount(chosen)}
      >
        {t.devUse}
      </button>
    </div>
  );
}
