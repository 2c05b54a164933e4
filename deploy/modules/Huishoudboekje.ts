import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import EuroTokenModule from "./EuroToken";
import { buildHouseholdSystem } from "./core";

/** Local networks: the test euro token, the vault implementation and the factory with its registers. */
export default buildModule("Huishoudboekje", (m) => {
  const { token } = m.useModule(EuroTokenModule);
  const { implementation, factory } = buildHouseholdSystem(m, token);
  return { token, implementation, factory };
});
