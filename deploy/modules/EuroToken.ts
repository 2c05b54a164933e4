import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The test euro stablecoin, for local networks. The deployer (account 0) holds the issuer roles
 * (mint, pause, blocklist). Six decimals by default, like Circle's EURC.
 */
export default buildModule("EuroToken", (m) => {
  const token = m.contract("EuroToken", [m.getAccount(0), m.getParameter("decimals", 6)]);
  return { token };
});
