namespace CorrectNet.Quantization;

/// <summary>
/// NSGA-II style multi-objective search (maximize Monte-Carlo accuracy, minimize E_ADC; docs/method.md F33) [ours].
/// Genome: (b_w, b_c, b_adc, b_a) per layer. The first population holds the reference, the reference with every ADC
/// lowered by 2, 4, 6, … bits, and random settings; each generation breeds <see cref="Population"/> children by binary
/// tournament (rank, then crowding distance), uniform crossover per layer and per-gene mutation (±1 for b_w, b_c, b_a;
/// ±1…3 for b_adc), then keeps the best <see cref="Population"/> of parents and children by rank and crowding. All
/// randomness comes from <see cref="Seed"/>. The front returned is the non-dominated set of everything evaluated.
/// </summary>
public sealed record EvolutionarySearch
{
    public const string Name = "evolutionary";

    public int Population { get; init; } = 16;
    public int Generations { get; init; } = 8;
    /// <summary>Probability that a gene mutates; null = 1 / genes.</summary>
    public double? MutationRate { get; init; }
    public long Seed { get; init; } = 1;

    public QuantizationSearchResult Search(SearchObjectives objectives)
    {
        using var stage = StageClock.Enter(Stage.Searches);
        if (Population < 2)
            throw new ArgumentOutOfRangeException(nameof(Population), Population, "A population of at least 2.");
        if (Generations < 0)
            throw new ArgumentOutOfRangeException(nameof(Generations), Generations, "Generations must be ≥ 0.");
        var space = objectives.Space;
        var random = new Random(unchecked((int)(Seed ^ (Seed >> 32))));
        var reference = objectives.Evaluate(objectives.Reference);
        double bound = reference.Accuracy - objectives.MaxDrop;
        var layers = objectives.Reference.Layers;
        double mutation = MutationRate ?? 1.0 / (4 * layers.Count);

        // First population: reference, uniform ADC reductions, random settings; distinct settings only.
        var seeds = new List<QuantizationSetting> { objectives.Reference };
        for (int drop = 2; seeds.Count < Population && layers.Any(l => l.AdcBits - drop >= space.MinAdcBits); drop += 2)
            seeds.Add(new QuantizationSetting(
                [.. layers.Select(l => space.Clamp(l with { AdcBits = l.AdcBits - drop }))]));
        for (int attempt = 0; seeds.Count < Population && attempt < 50 * Population; attempt++)
        {
            var setting = new QuantizationSetting([.. layers.Select(l => RandomLayer(l.Layer, space, random))]);
            if (!seeds.Contains(setting)) seeds.Add(setting);
        }
        var population = seeds.Distinct().Select(objectives.Evaluate).ToList();

        for (int generation = 0; generation < Generations; generation++)
        {
            var (rank, crowding) = Rank(population);
            var children = new List<QuantizationCandidate>();
            var keys = new HashSet<string>(population.Select(p => p.Setting.Key), StringComparer.Ordinal);
            for (int attempt = 0; children.Count < Population && attempt < 20 * Population; attempt++)
            {
                var a = population[Tournament(rank, crowding, random)].Setting;
                var b = population[Tournament(rank, crowding, random)].Setting;
                var child = new QuantizationSetting([.. a.Layers.Select((l, i) =>
                    Mutate(random.NextDouble() < 0.5 ? l : b.Layers[i], space, random, mutation))]);
                if (keys.Add(child.Key)) children.Add(objectives.Evaluate(child));
            }
            var union = population.Concat(children).ToList();
            population = Survivors(union, Population);
        }
        return objectives.Result(Name, reference, bound);
    }

    private static (int[] Rank, double[] Crowding) Rank(IReadOnlyList<QuantizationCandidate> population)
    {
        var rank = new int[population.Count];
        var crowding = new double[population.Count];
        var fronts = ParetoFront.Sort(population);
        for (int f = 0; f < fronts.Count; f++)
        {
            var distance = ParetoFront.CrowdingDistance([.. fronts[f].Select(i => population[i])]);
            for (int k = 0; k < fronts[f].Count; k++)
            {
                rank[fronts[f][k]] = f;
                crowding[fronts[f][k]] = distance[k];
            }
        }
        return (rank, crowding);
    }

    private static List<QuantizationCandidate> Survivors(List<QuantizationCandidate> union, int size)
    {
        var survivors = new List<QuantizationCandidate>();
        foreach (var front in ParetoFront.Sort(union))
        {
            var members = front.Select(i => union[i]).ToList();
            if (survivors.Count + members.Count <= size)
            {
                survivors.AddRange(members);
                continue;
            }
            var distance = ParetoFront.CrowdingDistance(members);
            survivors.AddRange(Enumerable.Range(0, members.Count).OrderByDescending(i => distance[i])
                .ThenBy(i => members[i].Setting.Key, StringComparer.Ordinal)
                .Take(size - survivors.Count)
                .Select(i => members[i]));
            break;
        }
        return survivors;
    }

    private static int Tournament(int[] rank, double[] crowding, Random random)
    {
        int a = random.Next(rank.Length), b = random.Next(rank.Length);
        if (rank[a] != rank[b]) return rank[a] < rank[b] ? a : b;
        return crowding[a] >= crowding[b] ? a : b;
    }

    private static LayerQuantization RandomLayer(string name, QuantizationSpace space, Random random)
    {
        int weight = random.Next(space.MinWeightBits, space.MaxWeightBits + 1);
        return space.Clamp(new LayerQuantization(name, weight,
            random.Next(space.MinBitsPerCell, space.MaxBitsPerCell + 1),
            random.Next(space.MinAdcBits, space.MaxAdcBits + 1),
            random.Next(space.MinInputBits, space.MaxInputBits + 1)));
    }

    private static LayerQuantization Mutate(
        LayerQuantization layer,
        QuantizationSpace space,
        Random random,
        double rate)
    {
        int Step(int max) => (random.Next(2) == 0 ? -1 : 1) * random.Next(1, max + 1);
        var mutated = layer with
        {
            WeightBits = random.NextDouble() < rate ? layer.WeightBits + Step(1) : layer.WeightBits,
            BitsPerCell = random.NextDouble() < rate ? layer.BitsPerCell + Step(1) : layer.BitsPerCell,
            AdcBits = random.NextDouble() < rate ? layer.AdcBits + Step(3) : layer.AdcBits,
            InputBits = random.NextDouble() < rate ? layer.InputBits + Step(1) : layer.InputBits,
        };
        return space.Clamp(mutated);
    }
}
