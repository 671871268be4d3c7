namespace CorrectNet.Quantization;

/// <summary>The accuracy–energy Pareto front (maximize accuracy, minimize E_ADC) and NSGA-II's ranking tools.</summary>
public static class ParetoFront
{
    /// <summary>The candidates no other candidate dominates, one per setting, by increasing energy.</summary>
    public static IReadOnlyList<QuantizationCandidate> Of(IEnumerable<QuantizationCandidate> candidates)
    {
        var distinct = candidates.GroupBy(c => c.Setting.Key).Select(g => g.First()).ToList();
        return [.. distinct.Where(c => !distinct.Any(o => o.Dominates(c)))
            .OrderBy(c => c.EnergyPicojoules)
            .ThenByDescending(c => c.Accuracy)
            .ThenBy(c => c.Setting.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Fast non-dominated sorting: fronts F1, F2, … as index lists into <paramref name="candidates"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Sort(IReadOnlyList<QuantizationCandidate> candidates)
    {
        int n = candidates.Count;
        var dominated = new List<int>[n];
        var count = new int[n];
        var fronts = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        for (int i = 0; i < n; i++)
        {
            dominated[i] = [];
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                if (candidates[i].Dominates(candidates[j])) dominated[i].Add(j);
                else if (candidates[j].Dominates(candidates[i])) count[i]++;
            }
            if (count[i] == 0) current.Add(i);
        }
        while (current.Count > 0)
        {
            fronts.Add(current);
            var next = new List<int>();
            foreach (int i in current)
                foreach (int j in dominated[i])
                    if (--count[j] == 0) next.Add(j);
            current = next;
        }
        return fronts;
    }

    /// <summary>NSGA-II crowding distance of each member of one front (∞ at both ends of each objective).</summary>
    public static double[] CrowdingDistance(IReadOnlyList<QuantizationCandidate> front)
    {
        int n = front.Count;
        var distance = new double[n];
        if (n <= 2)
        {
            Array.Fill(distance, double.PositiveInfinity);
            return distance;
        }
        foreach (var objective in
            new Func<QuantizationCandidate, double>[] { c => c.Accuracy, c => Math.Log(c.EnergyPicojoules) })
        {
            var order = Enumerable.Range(0, n).OrderBy(i => objective(front[i])).ToArray();
            double low = objective(front[order[0]]), high = objective(front[order[^1]]);
            distance[order[0]] = distance[order[^1]] = double.PositiveInfinity;
            if (high <= low) continue;
            for (int k = 1; k < n - 1; k++)
                distance[order[k]] += (objective(front[order[k + 1]]) - objective(front[order[k - 1]])) / (high - low);
        }
        return distance;
    }
}
