// The crossbar peripherals (Adc, Dac, WeightMapping) are internal; the tests check them directly.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("CorrectNet.Tests")]
