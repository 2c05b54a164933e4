import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { buildHouseholdSystem } from "./core";

/**
 * Testnets: the vault implementation and the factory on an existing euro stablecoin (for example
 * Circle's EURC test token), whose address is the `token` parameter (from TOKEN_ADDRESS).
 */
export default buildModule("HuishoudboekjeExistingToken", (m) => {
  const token = m.contractAt("IERC20Metadata", m.getParameter<string>("token"));
  const { implementation, factory } = buildHouseholdSystem(m, token);
  return { token, implementation, factory };
});
