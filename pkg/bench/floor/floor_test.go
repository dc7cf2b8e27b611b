package floor

import "testing"

func TestFloors(t *testing.T) {
	rtt, err := LoopbackRTT(200, 100)
	if err != nil || rtt.N != 200 || rtt.P50us <= 0 {
		t.Fatalf("rtt %+v %v", rtt, err)
	}
	scan, err := PebbleScan(500, 10, 200)
	if err != nil || scan.N != 200 || scan.P50us <= 0 {
		t.Fatalf("scan %+v %v", scan, err)
	}
}

func BenchmarkLoopbackRTT(b *testing.B) {
	s, err := LoopbackRTT(b.N, 100)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(s.P99us, "p99-µs")
}

func BenchmarkPebbleScan(b *testing.B) {
	s, err := PebbleScan(20000, 10, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(s.P99us, "p99-µs")
}
