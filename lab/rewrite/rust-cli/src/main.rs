//! hello-cli: prints a greeting and the primes below a bound (default 30).

use std::env;
use std::process::ExitCode;

fn primes_below(n: u32) -> Vec<u32> {
    let mut sieve = vec![true; n as usize];
    let mut out = Vec::new();
    for i in 2..n {
        if sieve[i as usize] {
            out.push(i);
            let mut j = i * i;
            while j < n {
                sieve[j as usize] = false;
                j += i;
            }
        }
    }
    out
}

fn main() -> ExitCode {
    let bound = match env::args().nth(1).map(|a| a.parse::<u32>()) {
        None => 30,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("hello-cli: bad bound: {e}");
            return ExitCode::from(2);
        }
    };
    let primes: Vec<String> = primes_below(bound).iter().map(u32::to_string).collect();
    println!("Hello from Rust! primes below {bound}: {}", primes.join(" "));
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    #[test]
    fn primes() {
        assert_eq!(super::primes_below(12), vec![2, 3, 5, 7, 11]);
    }
}
