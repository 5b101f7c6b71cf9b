//! Named starting contents for the stores. STUB: the demo site is to be completed.
