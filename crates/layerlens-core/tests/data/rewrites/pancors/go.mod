module github.com/michaljanocko/pancors

go 1.16
