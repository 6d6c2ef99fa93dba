"""Random numbers that equal PyTorch 2.13's CPU generator bit for bit.

Tensor level (torch's signatures): ``rand``, ``randn``, ``randint``, ``randperm``,
``rand_like``, ``randn_like``; seeds and state: ``manual_seed``, ``seed``, ``initial_seed``,
``get_rng_state``, ``set_rng_state``, ``Generator``, ``default_generator``.

Array level (NumPy in, NumPy out; used by Tensor methods): ``sampling.rand``,
``sampling.randn``, ``sampling.randint``, ``sampling.randperm`` and the in-place
``uniform_``, ``normal_``, ``random_``, re-exported here as ``rand_array``,
``randn_array``, ``randint_array``, ``randperm_array``, ``uniform_``, ``normal_``, ``random_``.

Modules: ``mt19937`` (word stream, state bytes), ``generator`` (Generator and seeds),
``sampling`` (array-level formulas), ``normal`` and ``normal_f32`` (Box-Muller kernels),
``libm`` (exact C-library log/sin/cos on arrays), ``fma`` (exact fused multiply-add),
``tensor_api`` (Tensor-level functions).
"""
from .generator import (Generator, default_generator, get_rng_state, initial_seed,
                        manual_seed, seed, set_rng_state)
from .sampling import normal_, random_, uniform_
from .sampling import rand as rand_array
from .sampling import randint as randint_array
from .sampling import randn as randn_array
from .sampling import randperm as randperm_array
from .tensor_api import rand, rand_like, randint, randn, randn_like, randperm

__all__ = ["Generator", "default_generator", "get_rng_state", "initial_seed", "manual_seed",
           "seed", "set_rng_state", "rand", "randn", "randint", "randperm", "rand_like",
           "randn_like", "rand_array", "randn_array", "randint_array", "randperm_array",
           "uniform_", "normal_", "random_"]
