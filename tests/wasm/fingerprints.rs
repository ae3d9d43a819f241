// Fingerprints (gradlab::train::fingerprint) of the initial weights and training points
// for the config in `initial_weights_and_data_*` tests, asserted in both builds.
const NATIVE_INIT_FINGERPRINT: u64 = 0xfa95_f4d1_5ee7_ae9b;
const NATIVE_DATA_FINGERPRINT: u64 = 0xe359_1b4d_2078_b668;
